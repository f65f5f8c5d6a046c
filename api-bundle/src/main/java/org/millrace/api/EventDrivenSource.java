package org.millrace.api;

/** A source that receives events on its own threads (push), e.g. netcat, avro, syslog, http. */
@org.osgi.annotation.versioning.ConsumerType
public interface EventDrivenSource extends Source {
}
