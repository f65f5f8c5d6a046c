package org.millrace.flume.plugins.internal;

import java.util.Map;
import org.millrace.api.Interceptor;
import org.millrace.api.testkit.InterceptorContract;

/** The interceptor contract, kept by Flume's own host interceptor (flume-ng-core 1.11.0) through the adapter. */
class AdaptedInterceptorContractTest extends InterceptorContract {

    @Override
    protected Interceptor create(Map<String, String> properties) throws Exception {
        Interceptor i = FlumeInterceptorFactoryTest.adapt(FlumeInterceptorFactoryTest.flume("HostInterceptor"),
                properties);
        i.initialize();
        return i;
    }
}
