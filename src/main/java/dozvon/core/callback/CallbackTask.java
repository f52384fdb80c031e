package dozvon.core.callback;

import java.time.Instant;
import java.util.Objects;

/**
 * One callback task as stored.
 *
 * @param agentId    the agent it is assigned to (the dialer rings them first); null = any free agent of the group
 * @param attempts   dial attempts that reached the customer's phone (agent answered, customer was rung)
 * @param calls      inbound calls merged into it (1 for a task made from a call, 0 for a scheduled one)
 * @param lastCallId the latest inbound call merged into it, or the latest attempt's call
 * @param note       free text: the CRM's reason for a scheduled call
 */
public record CallbackTask(
        String id,
        String phone,
        String groupId,
        TaskReason reason,
        String note,
        String agentId,
        TaskStatus status,
        Instant dueAt,
        int attempts,
        int calls,
        String lastCallId,
        CloseReason closeReason,
        String closeNote,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt) {

    public CallbackTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(dueAt, "dueAt");
    }

    public boolean open() { return status == TaskStatus.OPEN; }

    /** What the agent's phone and console show: the reason, and the CRM's note when there is one. */
    public String label() {
        return note == null || note.isBlank() ? reason.wire() : reason.wire() + ": " + note;
    }
}
