package com.bluemarble.functions.local;

import com.bluemarble.functions.core.error.ErrorCode;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error answers (a path it refuses before any servlet runs: {@code /a%2Fb},
 * {@code /trade%00}, {@code /%2e%2e/trade}; headers too large) in the contract's JSON shape
 * instead of Tomcat's HTML page. Installed as the host's error report valve.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        ErrorCode code = status == 400 && isPathProblem(request) ? ErrorCode.INVALID_PATH : HttpEdge.codeFor(status);
        String message = code == ErrorCode.INVALID_PATH
                ? "the URL path cannot be read (encoded slash, NUL or dot segments); call POST /<functionName>"
                : HttpEdge.messageFor(code);
        try {
            response.setSuspended(false);
            HttpEdge.write(response.getResponse(), code, message);
        } catch (IOException | IllegalStateException e) {
            // the client is gone: nothing to answer
        }
    }

    private static boolean isPathProblem(Request request) {
        String uri = request.getRequestURI();
        return uri == null || !uri.matches("/[A-Za-z][A-Za-z0-9]{0,63}");
    }
}
