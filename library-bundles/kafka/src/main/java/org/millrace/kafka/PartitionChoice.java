package org.millrace.kafka;

import java.util.List;
import org.millrace.api.ComponentConfig;
import org.millrace.api.ConfigProblem;
import org.millrace.api.Event;

/**
 * Flume's choice of a record's partition, for the kafka sink and channel: the number in the event's
 * {@code partitionIdHeader} header, else {@code defaultPartitionId}, else none (Kafka's partitioner, by key).
 *
 * @param defaultPartition {@code defaultPartitionId}, or null
 * @param header {@code partitionIdHeader}, or null
 */
public record PartitionChoice(Integer defaultPartition, String header) {

    /** Reads {@code defaultPartitionId} and {@code partitionIdHeader}; a problem if the former is not a number. */
    public static PartitionChoice of(ComponentConfig config, String defaultPartitionId, String partitionIdHeader,
            List<ConfigProblem> problems) {
        Integer partition = null;
        if (!defaultPartitionId.isBlank()) {
            try {
                partition = Integer.valueOf(defaultPartitionId.trim());
            } catch (NumberFormatException e) {
                problems.add(config.problem("defaultPartitionId", "not a partition number"));
            }
        }
        return new PartitionChoice(partition, partitionIdHeader.isBlank() ? null : partitionIdHeader.trim());
    }

    /**
     * The event's partition, or null for Kafka's partitioner.
     *
     * @throws IllegalArgumentException naming the header and its value if that is not a number
     */
    public Integer partition(Event event) {
        String value = header == null ? null : event.header(header);
        if (value == null) {
            return defaultPartition;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + header + " = '" + value + "' is not a partition number");
        }
    }
}
