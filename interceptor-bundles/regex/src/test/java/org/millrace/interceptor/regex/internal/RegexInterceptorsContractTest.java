package org.millrace.interceptor.regex.internal;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.millrace.api.Interceptor;
import org.millrace.api.InterceptorFactory;
import org.millrace.api.testkit.InterceptorContract;
import org.millrace.api.testkit.TestContexts;

/** Every interceptor of this bundle under the interceptor contract, configured to keep, drop and change events. */
class RegexInterceptorsContractTest {

    private static Interceptor create(InterceptorFactory factory, Map<String, String> properties) throws Exception {
        Interceptor interceptor = factory.create(TestContexts.config("sources", "r1", "x", properties));
        interceptor.initialize();
        return interceptor;
    }

    @Nested
    class RegexFilter extends InterceptorContract {
        @Override
        protected Interceptor create(Map<String, String> properties) throws Exception {
            return RegexInterceptorsContractTest.create(new RegexFilterInterceptorFactory(), properties);
        }

        @Override
        protected Map<String, String> properties() {
            return Map.of("regex", "ERROR", "excludeEvents", "true");
        }
    }

    @Nested
    class RegexExtractor extends InterceptorContract {
        @Override
        protected Interceptor create(Map<String, String> properties) throws Exception {
            return RegexInterceptorsContractTest.create(new RegexExtractorInterceptorFactory(), properties);
        }

        @Override
        protected Map<String, String> properties() {
            return Map.of("regex", "event (\\\\d+)", "serializers", "n", "serializers.n.name", "number");
        }
    }

    @Nested
    class SearchReplace extends InterceptorContract {
        @Override
        protected Interceptor create(Map<String, String> properties) throws Exception {
            return RegexInterceptorsContractTest.create(new SearchReplaceInterceptorFactory(), properties);
        }

        @Override
        protected Map<String, String> properties() {
            return Map.of("searchPattern", "\\\\d", "replaceString", "#");
        }
    }

    @Nested
    class RemoveHeader extends InterceptorContract {
        @Override
        protected Interceptor create(Map<String, String> properties) throws Exception {
            return RegexInterceptorsContractTest.create(new RemoveHeaderInterceptorFactory(), properties);
        }

        @Override
        protected Map<String, String> properties() {
            return Map.of("withName", "level");
        }
    }
}
