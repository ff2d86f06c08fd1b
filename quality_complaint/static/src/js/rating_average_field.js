import { registry } from "@web/core/registry";
import { FloatField, floatField } from "@web/views/fields/float/float_field";

// Ratings run from 1 to 5, so an average of 0 means that nothing was rated
// yet (an invitation not answered): it reads "—", not "0.00".
export class RatingAverageField extends FloatField {
    get formattedValue() {
        if (this.props.readonly && !this.value) {
            return "—";
        }
        return super.formattedValue;
    }
}

registry.category("fields").add("qc_rating_average", {
    ...floatField,
    component: RatingAverageField,
});
