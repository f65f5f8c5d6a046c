package org.millrace.interceptor.core.internal;

import org.millrace.api.Event;

/** The one thing these interceptors do: set a header, unless told to keep a value already there. */
final class HeaderStamp {
    private HeaderStamp() {
    }

    static Event put(Event event, String header, String value, boolean preserveExisting) {
        if (value != null && !(preserveExisting && event.header(header) != null)) {
            event.headers().put(header, value);
        }
        return event;
    }
}
