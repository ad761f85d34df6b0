package io.gatehouse.command;

import io.gatehouse.messaging.Rejection;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lets a given/when/then fixture check an exception with AssertJ. Axon 4's {@code ResultValidator} has no
 * {@code expectExceptionSatisfying}; its {@code expectException(..)} takes a Hamcrest matcher, and it describes
 * that matcher before matching, so a mismatch could not say which assertion failed. This matcher therefore
 * does not match an exception of another type, and lets a failed assertion on one of the right type fail the
 * test with AssertJ's own message.
 */
public final class Satisfying<T> extends TypeSafeMatcher<T> {

    private final Class<T> type;
    private final Consumer<T> assertions;

    private Satisfying(Class<T> type, Consumer<T> assertions) {
        super(type);
        this.type = type;
        this.assertions = assertions;
    }

    public static <T> Matcher<T> satisfying(Class<T> type, Consumer<T> assertions) {
        return new Satisfying<>(type, assertions);
    }

    /** A {@link Rejection} of the kind and problem type, which also satisfies the further assertions. */
    public static Matcher<Rejection> rejection(Rejection.Kind kind, String problemType, Consumer<Rejection> more) {
        return satisfying(Rejection.class, rejection -> {
            assertThat(rejection.kind()).as("kind of the rejection \"%s\"", rejection.getMessage()).isEqualTo(kind);
            assertThat(rejection.problemType()).as("problemType of the rejection \"%s\"", rejection.getMessage())
                    .isEqualTo(problemType);
            more.accept(rejection);
        });
    }

    /** A {@link Rejection} of the kind and problem type. */
    public static Matcher<Rejection> rejection(Rejection.Kind kind, String problemType) {
        return rejection(kind, problemType, rejection -> {
        });
    }

    @Override
    protected boolean matchesSafely(T item) {
        assertions.accept(item); // a failed assertion propagates as the test's failure
        return true;
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("a ").appendText(type.getSimpleName()).appendText(" satisfying the assertions");
    }
}
