"""What the module asks of PostgreSQL beyond the ORM."""

from contextlib import contextmanager


@contextmanager
def without_jit(cr):
    """Run the statements of the block without PostgreSQL's JIT compiler.

    JIT compiles any statement whose estimated cost passes `jit_above_cost`
    (100,000 by default). The set-based statements of the jobs (scoring a
    batch of new cases, finding the recurrence clusters) pass it at 100,000
    cases, and compiling them cost more than running them: 3 s against 0.4 s
    for a batch of 50 new cases (bench/README.md, "Fourth pass").
    """
    cr.execute("SET LOCAL jit = off")
    try:
        yield
    finally:
        cr.execute("SET LOCAL jit TO DEFAULT")
