package org.millrace.avro.rpc;

import java.net.SocketAddress;
import java.util.List;
import org.millrace.api.Event;

/** What a server does with the calls of a connection {@link AvroRpc#serve} handles; runs on its I/O thread. */
@org.osgi.annotation.versioning.ConsumerType
public interface CallHandler {

    /**
     * Commits a call's events before it is answered.
     *
     * @param batch whether it was appendBatch (else append, one event)
     * @return OK once committed; FAILED if they were refused (the sender keeps them and retries)
     */
    AvroSourceProtocol.Status deliver(List<Event> events, boolean batch);

    /**
     * The peer sent what this protocol refuses (a frame that does not parse or is too large, a call cut short,
     * nothing for too long); the connection is closed after this. Called once per connection.
     */
    void refused(SocketAddress peer, String what);
}
