package io.gatehouse.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One measurement of issue 6. A scenario writes its own top-level keys into the results (for example
 * {@code commands} and {@code raw_append}), each figure beside its raw baseline where the issue asks for one.
 * To add a measurement, implement this and list it in {@link BenchRun#scenarios}; {@link Report} and
 * {@link Goals} read the keys.
 */
interface Scenario {

    /** The name used by {@code --only} and in error messages. */
    String name();

    void run(BenchContext ctx, ObjectNode results) throws Exception;
}
