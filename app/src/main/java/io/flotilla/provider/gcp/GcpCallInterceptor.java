package io.flotilla.provider.gcp;

import com.google.api.gax.httpjson.ApiMethodDescriptor;
import com.google.api.gax.httpjson.ForwardingHttpJsonClientCall;
import com.google.api.gax.httpjson.HttpJsonCallOptions;
import com.google.api.gax.httpjson.HttpJsonChannel;
import com.google.api.gax.httpjson.HttpJsonClientCall;
import com.google.api.gax.httpjson.HttpJsonClientInterceptor;

/** Tells a {@link GcpCallListener} the HTTP method and path of each call the Google client sends. */
final class GcpCallInterceptor implements HttpJsonClientInterceptor {
    private final GcpCallListener listener;

    GcpCallInterceptor(GcpCallListener listener) {
        this.listener = listener;
    }

    @Override
    public <ReqT, RespT> HttpJsonClientCall<ReqT, RespT> interceptCall(ApiMethodDescriptor<ReqT, RespT> method,
                                                                      HttpJsonCallOptions options, HttpJsonChannel next) {
        return new ForwardingHttpJsonClientCall.SimpleForwardingHttpJsonClientCall<>(next.newCall(method, options)) {
            @Override
            public void sendMessage(ReqT message) {
                String path = method.getRequestFormatter().getPath(message);
                listener.onCall(method.getHttpMethod(), path.startsWith("/") ? path : "/" + path, method.getFullMethodName());
                super.sendMessage(message);
            }
        };
    }
}
