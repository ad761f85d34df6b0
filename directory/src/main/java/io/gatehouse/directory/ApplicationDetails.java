package io.gatehouse.directory;

import java.util.List;

/** An application with its keys as the directory lists them (ids, hints and dates; never a secret). */
public record ApplicationDetails(Application application, List<ApplicationKey> keys) {
}
