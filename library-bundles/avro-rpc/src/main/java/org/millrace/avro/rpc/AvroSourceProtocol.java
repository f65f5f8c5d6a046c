package org.millrace.avro.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Flume's {@code AvroSourceProtocol} as Flume 1.11's SDK states it. The protocol text is the one the SDK sends in
 * its handshake, so its MD5 matches the one Flume clients and servers compute, and a handshake completes at the
 * first exchange.
 */
public final class AvroSourceProtocol {
    /** The protocol's JSON, byte for byte as Flume 1.11 renders it. */
    public static final String JSON = "{\"protocol\":\"AvroSourceProtocol\",\"namespace\":\"org.apache.flume.source.avro\","
            + "\"doc\":\"* Licensed to the Apache Software Foundation (ASF) under one\\n * or more contributor license"
            + " agreements.  See the NOTICE file\\n * distributed with this work for additional information\\n * regarding"
            + " copyright ownership.  The ASF licenses this file\\n * to you under the Apache License, Version 2.0 (the\\n"
            + " * \\\"License\\\"); you may not use this file except in compliance\\n * with the License.  You may obtain a"
            + " copy of the License at\\n *\\n * http://www.apache.org/licenses/LICENSE-2.0\\n *\\n * Unless required by"
            + " applicable law or agreed to in writing,\\n * software distributed under the License is distributed on an\\n"
            + " * \\\"AS IS\\\" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY\\n * KIND, either express or implied.  See"
            + " the License for the\\n * specific language governing permissions and limitations\\n * under the"
            + " License.\",\"types\":[{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\"OK\",\"FAILED\",\"UNKNOWN\"]},"
            + "{\"type\":\"record\",\"name\":\"AvroFlumeEvent\",\"fields\":[{\"name\":\"headers\",\"type\":{\"type\":\"map\","
            + "\"values\":\"string\"}},{\"name\":\"body\",\"type\":\"bytes\"}]}],\"messages\":{\"append\":{\"request\":"
            + "[{\"name\":\"event\",\"type\":\"AvroFlumeEvent\"}],\"response\":\"Status\"},\"appendBatch\":{\"request\":"
            + "[{\"name\":\"events\",\"type\":{\"type\":\"array\",\"items\":\"AvroFlumeEvent\"}}],\"response\":\"Status\"}}}";

    /** MD5 of {@link #JSON}, the hash both ends exchange in the handshake. */
    private static final byte[] MD5 = md5(JSON);

    /** One event per call. */
    public static final String APPEND = "append";
    /** A batch per call. */
    public static final String APPEND_BATCH = "appendBatch";

    private AvroSourceProtocol() {
    }

    /** A copy of the protocol's MD5. */
    public static byte[] md5() {
        return MD5.clone();
    }

    static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    /** The protocol's {@code Status} enum, in its order. */
    public enum Status {
        /** Committed. */
        OK,
        /** Not committed; the sender should retry. */
        FAILED,
        /** Never sent by Flume's server. */
        UNKNOWN
    }
}
