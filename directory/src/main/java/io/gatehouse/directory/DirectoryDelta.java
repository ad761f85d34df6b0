package io.gatehouse.directory;

import java.util.List;

/** One round of a delta query: what changed since the round's link, and the link where the next round starts. */
public record DirectoryDelta(List<DirectoryChange> changes, String deltaLink) {
}
