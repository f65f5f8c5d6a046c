package org.millrace.interceptor.core.internal;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.testkit.InterceptorContract;
import org.millrace.api.testkit.TestContexts;

/** Every interceptor of this bundle under the interceptor contract. */
class CoreInterceptorsContractTest {

    private static Interceptor create(InterceptorFactory factory, Map<String, String> properties) throws Exception {
        Interceptor interceptor = factory.create(TestContexts.config("sources", "r1", "x", properties));
        interceptor.initialize();
        return interceptor;
    }

    @Nested
    class Timestamp extends InterceptorContract {
        @Override
        protected Interceptor create(Map<String, String> properties) throws Exception {
            return CoreInterceptorsContractTest.create(new TimestampInterceptorFactory(), properties);
        }
    }

    @Nested
    class Host extends InterceptorContract {
        @Override
        protected Interceptor create(Map<String, String> properties) throws Exception {
            return CoreInterceptorsContractTest.create(new HostInterceptorFactory(), properties);
        }
    }

    @Nested
    class Static extends InterceptorContract {
        @Override
        protected Interceptor create(Map<String, String> properties) throws Exception {
            return CoreInterceptorsContractTest.create(new StaticInterceptorFactory(), properties);
        }

        @Override
        protected Map<String, String> properties() {
            return Map.of("key", "datacenter", "value", "ny");
        }
    }

    @Nested
    class Uuid extends InterceptorContract {
        @Override
        protected Interceptor create(Map<String, String> properties) throws Exception {
            return CoreInterceptorsContractTest.create(new UuidInterceptorFactory(), properties);
        }
    }
}
