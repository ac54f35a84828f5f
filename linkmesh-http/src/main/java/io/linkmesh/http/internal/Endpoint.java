package io.linkmesh.http.internal;

/** One operation of the API: decode the call, run a use case, encode the reply. */
@FunctionalInterface
public interface Endpoint {
  /**
   * @throws ApiException for every answer that is not a success
   */
  Reply handle(Call call);
}
