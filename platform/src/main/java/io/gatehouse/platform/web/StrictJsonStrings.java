package io.gatehouse.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.messaging.Rejection;
import io.gatehouse.messaging.Rejection.FieldError;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Every string of a JSON body, names of fields included, must be text that can be stored ({@link Text}): JSON
 * escapes can smuggle in what raw UTF-8 cannot ({@code \u0000}, a lone {@code \ud800}). One 400 names every bad
 * field; nothing runs.
 */
@ControllerAdvice
public class StrictJsonStrings extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter,
                                Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        List<FieldError> errors = new ArrayList<>();
        check(body, "", errors);
        if (!errors.isEmpty()) {
            throw Rejection.invalid("The request has " + errors.size() + " field" + (errors.size() == 1 ? "" : "s")
                    + " with characters that cannot be stored; nothing was changed.", errors);
        }
        return body;
    }

    private static void check(Object value, String path, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (value instanceof JsonNode node) {
            checkNode(node, path, errors);
        } else if (value instanceof CharSequence text) {
            checkText(text.toString(), path, errors);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                checkText(key, join(path, "(key)"), errors);
                check(v, join(path, key), errors);
            });
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) check(item, path + "[" + i++ + "]", errors);
        } else if (value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    check(component.getAccessor().invoke(value), join(path, component.getName()), errors);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static void checkNode(JsonNode node, String path, List<FieldError> errors) {
        if (node.isTextual()) {
            checkText(node.textValue(), path, errors);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) checkNode(node.get(i), path + "[" + i + "]", errors);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (Text.problem(field.getKey()) != null) {
                    errors.add(new FieldError(join(path, "(key)"), "has a field name that "
                            + Text.problem(field.getKey())));
                    continue;
                }
                checkNode(field.getValue(), join(path, field.getKey()), errors);
            }
        }
    }

    private static void checkText(String text, String path, List<FieldError> errors) {
        String problem = Text.problem(text);
        if (problem != null) {
            errors.add(new FieldError(path.isEmpty() ? "body" : path, problem));
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
