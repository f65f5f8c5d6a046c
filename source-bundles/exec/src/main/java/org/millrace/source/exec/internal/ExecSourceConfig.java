package org.millrace.source.exec.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The exec source's properties: Flume's names and defaults, plus Millrace's bound on a line's length. */
@ObjectClassDefinition(name = "Millrace exec source",
        description = "Flume's exec source: runs a command and makes an event of each line of its standard output;"
                + " lines it printed but the channel had not committed are lost if the agent stops (prefer"
                + " taildir for files)")
public @interface ExecSourceConfig {

    /** The command, split on white space unless a shell runs it. */
    @AttributeDefinition(description = "The command to execute")
    String command();

    /** A shell invocation the command is handed to, e.g. {@code /bin/sh -c}. */
    @AttributeDefinition(required = false, description = "A shell invocation used to run the command, e.g."
            + " /bin/sh -c; lets the command use pipes, wildcards and variables")
    String shell() default "";

    /** Milliseconds before a restart. */
    @AttributeDefinition(min = "0", description = "Amount of time (in millis) to wait before attempting a restart")
    long restartThrottle() default 10000;

    /** Whether the command is run again when it ends. */
    @AttributeDefinition(description = "Whether the executed cmd should be restarted if it dies")
    boolean restart() default false;

    /** Whether the command's standard error is logged. */
    @AttributeDefinition(description = "Whether the command's stderr should be logged")
    boolean logStdErr() default false;

    /** Lines per channel transaction. */
    @AttributeDefinition(min = "1", description = "The max number of lines to read and send to the channel at a"
            + " time")
    int batchSize() default 20;

    /** Milliseconds before a batch that is not full is sent. */
    @AttributeDefinition(min = "1", description = "Amount of time (in milliseconds) to wait, if the buffer size was"
            + " not reached, before data is pushed downstream")
    long batchTimeout() default 3000;

    /** The character set of the command's output. */
    @AttributeDefinition(description = "Character set of the command's output; bodies are encoded in it")
    String charset() default "UTF-8";

    /** Longest line kept whole, in characters. */
    @AttributeDefinition(min = "1", description = "Millrace: the longest line, in characters, delivered as one"
            + " event; a longer line becomes several events (counted as LineSplitCount)")
    int maxLineLength() default 1048576;
}
