package dozvon.testsupport;

import java.net.http.HttpClient;
import java.time.Duration;

/** The tests' HTTP client for dozvon's API. */
public final class TestHttp {
    private TestHttp() {
    }

    /**
     * HTTP/1.1: the JDK client's default asks plain-HTTP servers for an h2c upgrade, a path no user of the API
     * takes.
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }
}
