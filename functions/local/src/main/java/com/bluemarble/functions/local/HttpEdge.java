package com.bluemarble.functions.local;

import com.bluemarble.functions.app.ErrorBody;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.error.ErrorCode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.regex.Pattern;

/**
 * The local host's HTTP edge, ahead of Spring MVC: every answer is the contract's JSON error
 * ({@code {"error": CODE, "message": text}}), never a Spring or Tomcat page.
 * <ul>
 *   <li>only {@code POST /<functionName>} reaches the functions (and {@code GET /_status} the status
 *       page): another method is 405
 *       METHOD_NOT_ALLOWED, another path 404 UNKNOWN_FUNCTION ({@code /error} included);
 *   <li>the body is read here, within a total time bound and a size cap, and handed on as JSON
 *       whatever {@code Content-Type} the client sent (game services use many HTTP clients);
 *   <li>errors raised below (an ERROR dispatch) are rendered as JSON too.
 * </ul>
 */
final class HttpEdge implements Filter {

    /** The local status page (docs/operations.md), served to GET beside the functions. */
    static final String STATUS_PAGE = "/_status";

    private static final Pattern FUNCTION_PATH = Pattern.compile("/[A-Za-z][A-Za-z0-9]{0,63}");
    /** Above every function's own cap (terrainPut's is the largest); the function answers its own limit. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final Duration bodyReadTimeout;

    HttpEdge(Duration bodyReadTimeout) {
        this.bodyReadTimeout = bodyReadTimeout;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            renderForStatus(response, status instanceof Integer code ? code : 500);
            return;
        }
        String path = request.getRequestURI();
        if (STATUS_PAGE.equals(path) && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            chain.doFilter(request, response); // the one page that is not a function (StatusPageController)
            return;
        }
        if (!FUNCTION_PATH.matcher(path).matches() || path.equals("/error")) {
            write(response, ErrorCode.UNKNOWN_FUNCTION, "no function at this path; call POST /<functionName>");
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            write(
                    response,
                    ErrorCode.METHOD_NOT_ALLOWED,
                    request.getMethod() + " is not served; call POST " + path + " with a JSON body");
            return;
        }
        byte[] body;
        try {
            body = readBody(request);
        } catch (BodyTooLarge e) {
            response.setHeader("Connection", "close");
            write(response, ErrorCode.REQUEST_TOO_LARGE, "the body exceeds " + MAX_BODY_BYTES + " bytes");
            return;
        } catch (BodyTimeout e) {
            response.setHeader("Connection", "close");
            write(
                    response,
                    ErrorCode.REQUEST_TIMEOUT,
                    "the body did not arrive within " + bodyReadTimeout.toSeconds() + " s");
            return;
        } catch (IOException e) { // the client went away or stalled past the socket timeout
            response.setHeader("Connection", "close");
            write(
                    response,
                    ErrorCode.REQUEST_TIMEOUT,
                    "the body could not be read: " + e.getClass().getSimpleName());
            return;
        }
        chain.doFilter(new JsonBodyRequest(request, body), response);
    }

    /**
     * The whole body, bounded in size and in total time: each blocking read is bounded by the
     * connector's connection timeout, and the total by {@code bodyReadTimeout}, so a client that
     * trickles bytes holds a worker thread for a bounded time only.
     */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw new BodyTooLarge();
        }
        long deadline = System.nanoTime() + bodyReadTimeout.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] buffer = new byte[8192];
        InputStream in = request.getInputStream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY_BYTES) {
                throw new BodyTooLarge();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BodyTimeout();
            }
        }
        return out.toByteArray();
    }

    private static void renderForStatus(HttpServletResponse response, int status) throws IOException {
        ErrorCode code = codeFor(status);
        write(response, code, messageFor(code));
    }

    /** The contract's code for a status the servlet container or Tomcat chose. */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.UNKNOWN_FUNCTION;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 413 -> ErrorCode.REQUEST_TOO_LARGE;
            case 503 -> ErrorCode.STORE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ErrorCode.BAD_HTTP_REQUEST : ErrorCode.INTERNAL;
        };
    }

    static String messageFor(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_FUNCTION -> "no function at this path; call POST /<functionName>";
            case METHOD_NOT_ALLOWED -> "only POST is served";
            case REQUEST_TIMEOUT -> "the request did not arrive in time";
            case REQUEST_TOO_LARGE -> "the request is too large";
            case STORE_UNAVAILABLE -> "a store is unavailable; retry the same request";
            case INTERNAL -> "unexpected failure; see the server's log";
            default -> "the HTTP request cannot be read (check the path, the headers and their size)";
        };
    }

    static void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(code.httpStatus());
        response.setContentType("application/json");
        byte[] json = JsonFunctions.JSON.writeValueAsBytes(new ErrorBody(code.name(), message));
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
    }

    private static final class BodyTooLarge extends IOException {}

    private static final class BodyTimeout extends IOException {}

    /** The body already read, presented as JSON whatever the client declared. */
    private static final class JsonBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        JsonBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public String getContentType() {
            return "application/json";
        }

        @Override
        public String getCharacterEncoding() {
            return "UTF-8";
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            if ("Content-Type".equalsIgnoreCase(name)) {
                return "application/json";
            }
            if ("Content-Length".equalsIgnoreCase(name)) {
                return Integer.toString(body.length);
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if ("Content-Type".equalsIgnoreCase(name) || "Content-Length".equalsIgnoreCase(name)) {
                return Collections.enumeration(java.util.List.of(getHeader(name)));
            }
            return super.getHeaders(name);
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }
    }
}
