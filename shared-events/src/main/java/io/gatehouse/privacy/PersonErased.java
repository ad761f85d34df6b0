package io.gatehouse.privacy;

import io.gatehouse.messaging.Actor;
import io.gatehouse.messaging.StableName;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * An operator erased a person, across every account: the keys of the person's data were destroyed, so every
 * stored event reads {@code "[erased]"} where that data was. {@code memberIds} are the memberships that were
 * this person's, so that read models can remove what they copied. Ids only: the record of an erasure holds
 * none of the erased data.
 */
@StableName("PersonErased")
@Revision("1")
public record PersonErased(String directoryObjectId, List<String> memberIds, Actor actor) {
}
