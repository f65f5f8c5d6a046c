package org.millrace.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResourceTest {

    @Test
    void portsConflictOnTheSameNumberWhenTheHostsMeetOrOneIsAWildcard() {
        assertTrue(Resource.tcpPort("localhost", 44444).conflictsWith(Resource.tcpPort("127.0.0.1", 44444)));
        assertTrue(Resource.tcpPort("0.0.0.0", 44444).conflictsWith(Resource.tcpPort("10.0.0.5", 44444)));
        assertTrue(Resource.tcpPort("10.0.0.5", 44444).conflictsWith(Resource.tcpPort("::", 44444)));
        assertFalse(Resource.tcpPort("10.0.0.5", 44444).conflictsWith(Resource.tcpPort("10.0.0.6", 44444)));
        assertFalse(Resource.tcpPort("localhost", 44444).conflictsWith(Resource.tcpPort("localhost", 44445)));
        assertFalse(Resource.tcpPort("localhost", 44444).conflictsWith(Resource.udpPort("localhost", 44444)),
                "TCP and UDP ports are separate");
        assertFalse(Resource.tcpPort("localhost", 0).conflictsWith(Resource.tcpPort("localhost", 0)),
                "ephemeral ports never meet");
    }

    @Test
    void pathsConflictWhenEqualAfterNormalization() {
        assertTrue(Resource.directory(Path.of("/var/lib/x/../y")).conflictsWith(Resource.directory(Path.of("/var/lib/y"))));
        assertTrue(Resource.file(Path.of("/var/lib/y")).conflictsWith(Resource.directory(Path.of("/var/lib/y"))));
        assertFalse(Resource.directory(Path.of("/var/lib/y")).conflictsWith(Resource.directory(Path.of("/var/lib/y/z"))),
                "nested directories may be owned by different components");
        assertFalse(Resource.directory(Path.of("/p")).conflictsWith(Resource.tcpPort("localhost", 1)));
    }

    @Test
    void aResourcePrintsItsKindAndName() {
        assertEquals("TCP port 127.0.0.1:44444", Resource.tcpPort("LOCALHOST", 44444).toString());
        assertEquals("directory /var/lib/flume", Resource.directory(Path.of("/var/lib//flume/")).toString());
    }
}
