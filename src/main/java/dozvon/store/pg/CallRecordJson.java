package dozvon.store.pg;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dozvon.core.chain.CallCommand;

/**
 * A call record as one line of JSON, for the spool. The records' components are written (is-helpers such
 * as {@code Leg.isAgent()} are not), times as ISO strings, so a spool stays readable by a person.
 */
final class CallRecordJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);

    private CallRecordJson() {}

    /** One line, no line breaks inside (JSON escapes them in strings). */
    static String toLine(CallCommand.Record record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("call record " + record.call().callId() + " cannot be written", e);
        }
    }

    static CallCommand.Record fromLine(String line) {
        try {
            return MAPPER.readValue(line, CallCommand.Record.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a call record: " + e.getOriginalMessage(), e);
        }
    }
}
