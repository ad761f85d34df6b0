package io.gatehouse.platform.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/** A partial change (a PATCH) must change something: at least one of the record's fields is given. */
@Documented
@Constraint(validatedBy = AnyGiven.Validator.class)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface AnyGiven {

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<AnyGiven, Record> {

        @Override
        public boolean isValid(Record record, ConstraintValidatorContext context) {
            if (record == null) {
                return true;
            }
            return Arrays.stream(record.getClass().getRecordComponents()).map(c -> value(c, record))
                    .anyMatch(v -> v != null);
        }

        private static Object value(RecordComponent component, Record record) {
            try {
                return component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
