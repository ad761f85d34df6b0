package io.gatehouse.platform.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import java.beans.PropertyEditorSupport;
import java.util.UUID;

/**
 * Ids in URLs and queries are GUIDs written out in full: a {@link UUID} parameter accepts nothing else (Java's own
 * parsing takes "1-2-3-4-5"), and a bad one is a 400 naming it ({@link ProblemHandling}).
 */
@ControllerAdvice
public class GuidIds {

    @InitBinder
    public void strictGuids(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                if (!Ids.isGuid(text)) {
                    throw new IllegalArgumentException("not a GUID");
                }
                setValue(UUID.fromString(text));
            }
        });
    }
}
