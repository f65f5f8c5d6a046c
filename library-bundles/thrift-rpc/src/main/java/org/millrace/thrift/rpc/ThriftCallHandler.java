package org.millrace.thrift.rpc;

import java.net.SocketAddress;
import java.util.List;
import org.millrace.api.Event;

/** What a server does with the calls of a connection {@link ThriftRpc#serve} handles; runs on its I/O thread. */
@org.osgi.annotation.versioning.ConsumerType
public interface ThriftCallHandler {

    /**
     * Commits a call's events before it is answered.
     *
     * @param batch whether it was appendBatch (else append, one event)
     * @return OK once committed; FAILED if they were refused (the sender keeps them and retries)
     */
    ThriftStatus deliver(List<Event> events, boolean batch);

    /**
     * The peer sent what this protocol refuses (a frame that does not decode or is too large, nothing for too
     * long); the connection is closed after this. Called once per connection.
     */
    void refused(SocketAddress peer, String what);
}
