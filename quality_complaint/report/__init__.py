from . import quality_complaint_analysis
