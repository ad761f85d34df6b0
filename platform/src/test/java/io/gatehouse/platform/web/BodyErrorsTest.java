package io.gatehouse.platform.web;

import io.gatehouse.messaging.Rejection.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A 400 names each bad field once, in the order of the fields and items, whatever order the checks ran in. */
class BodyErrorsTest {

    @Test
    void oneEntryPerFieldInFieldAndIndexOrder() {
        List<FieldError> errors = BodyErrors.invalid(List.of(
                new FieldError("emails[10]", "is not an email address"),
                new FieldError("emails[2]", "is not an email address"),
                new FieldError("displayName", "must not be blank"),
                new FieldError("displayName", "is required"),
                new FieldError("access", "is required: give roles or permissions"))).errors();

        assertThat(errors).extracting(FieldError::field)
                .containsExactly("access", "displayName", "emails[2]", "emails[10]");
        assertThat(errors.get(1).message()).isEqualTo("is required");
    }
}
