package io.gatehouse.platform.web;

import io.gatehouse.access.Access;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Partner Center access as a client may send it: the rules of {@link Access#problems}, one violation per bad
 * part, named below the annotated field ({@code access.permissions.products.*.packages}). Null is left to
 * {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = ValidAccess.Validator.class)
@Target({ElementType.FIELD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidAccess {

    String message() default "is not a valid access";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidAccess, Access> {

        @Override
        public boolean isValid(Access access, ConstraintValidatorContext context) {
            if (access == null) {
                return true;
            }
            var problems = Access.problems(access, "");
            if (problems.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            for (var problem : problems) {
                String below = problem.field().startsWith(".") ? problem.field().substring(1) : problem.field();
                var violation = context.buildConstraintViolationWithTemplate(Messages.literal(problem.message()));
                if (below.isEmpty()) violation.addConstraintViolation();
                else violation.addPropertyNode(below).addConstraintViolation();
            }
            return false;
        }
    }
}
