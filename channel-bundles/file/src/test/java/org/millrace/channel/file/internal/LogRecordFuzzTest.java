package org.millrace.channel.file.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A log record as replay meets it on a damaged disk, with a checksum that matches (the checksum guards against
 * random damage, not against a payload built to match it): the structure check refuses it, or every pointer it
 * puts lies inside it and every event there reads back whole or is refused with IllegalStateException; nothing
 * else is thrown and nothing is allocated beyond the payload's size.
 */
class LogRecordFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void recordsThatPassTheChecksAreReadWithinThemselves(byte[] bytes) {
        ByteBuffer payload = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        if (!LogRecord.isValid(payload, (int) crc.getValue())) {
            return;
        }
        List<Long> puts = new ArrayList<>();
        LogRecord.putPointers(payload, 0, puts::add);
        LogRecord.takePointers(payload, p -> { });
        for (long pointer : puts) {
            int at = LogRecord.offsetOf(pointer) - LogRecord.HEADER_BYTES;
            assertTrue(at >= 0 && at + 4 <= bytes.length, "a put pointer outside its record: " + at);
            try {
                LogRecord.readEvent(ByteBuffer.wrap(bytes).position(at));
            } catch (IllegalStateException refused) {
                // the event is reported damaged and not delivered
            }
        }
    }
}
