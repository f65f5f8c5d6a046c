package com.example.millrace;

import java.util.Map;
import org.millrace.api.ComponentConfig;
import org.millrace.api.Interceptor;
import org.millrace.api.testkit.InterceptorContract;

/** The mask interceptor under Millrace's interceptor contract: what the platform expects of every interceptor. */
class MaskInterceptorContractTest extends InterceptorContract {

    @Override
    protected Interceptor create(Map<String, String> properties) throws Exception {
        Interceptor interceptor = new MaskInterceptor().create(new ComponentConfig("a1", "r1", "mask",
                "a1.sources.r1.interceptors.m.", properties));
        interceptor.initialize();
        return interceptor;
    }
}
