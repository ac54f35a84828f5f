package io.linkmesh.http;

import static io.linkmesh.http.ApiFixture.ADMIN;
import static io.linkmesh.http.ApiFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linkmesh.domain.audit.AuditAction;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SessionTest {
  private ApiFixture f;

  @BeforeEach
  void start() {
    f = new ApiFixture(b -> b.sessions(Duration.ofMinutes(30), Duration.ofHours(2), 3));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private HttpResponse<String> login(String token) {
    return f.send("POST", "/api/v1/session", null, "{\"token\":" + quote(token) + "}");
  }

  /** Logs in and returns the {@code Cookie} header value. */
  private String cookie(String token) {
    HttpResponse<String> response = login(token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private HttpResponse<String> withCookie(String method, String path, String cookie, String... h) {
    String[] headers = new String[h.length + 2];
    headers[0] = "Cookie";
    headers[1] = cookie;
    System.arraycopy(h, 0, headers, 2, h.length);
    return f.send(method, path, null, null, headers);
  }

  @Nested
  class Login {
    @Test
    void setsAHardenedSessionCookieAndAnswersWhoLoggedIn() {
      HttpResponse<String> response = login(ADMIN);

      JsonNode body = f.json(response, 200);
      assertThat(body.path("name").asText()).isEqualTo("admin");
      assertThat(body.path("role").asText()).isEqualTo("admin");
      String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(setCookie)
          .startsWith("linkmesh_session=")
          .contains("HttpOnly")
          .contains("SameSite=Strict")
          .contains("Path=/")
          .contains("Secure");
      String id = setCookie.substring("linkmesh_session=".length(), setCookie.indexOf(';'));
      assertThat(id).hasSizeGreaterThanOrEqualTo(40).doesNotContain(ADMIN);
    }

    @Test
    void theCookieAuthenticatesLikeABearerToken() {
      String cookie = cookie(f.viewer);

      JsonNode me = f.json(withCookie("GET", "/api/v1/whoami", cookie), 200);
      assertThat(me.path("name").asText()).isEqualTo("viewer-bot");
      assertThat(me.path("role").asText()).isEqualTo("viewer");
      f.json(withCookie("GET", "/api/v1/collectors", cookie), 200);
      f.error(
          withCookie("POST", "/api/v1/enrollment-tokens", cookie, "X-LinkMesh-Request", "1"),
          403,
          "forbidden");
    }

    @Test
    void aWrongTokenIsUnauthorizedAuditedAndSetsNoCookie() {
      HttpResponse<String> response = login("lma_abcdefgh12345678_" + "x".repeat(43));

      f.error(response, 401, "unauthenticated");
      assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(f.auditEntries(AuditAction.LOGIN_FAILED)).hasSize(1);
    }

    @Test
    void badBodiesAreRefused() {
      f.error(f.send("POST", "/api/v1/session", null, "{}"), 400, "invalid_request");
      f.error(f.send("POST", "/api/v1/session", null, "{\"token\":5}"), 400, "invalid_request");
      f.error(
          f.send("POST", "/api/v1/session", null, "{\"token\":\"a\",\"x\":1}"),
          400,
          "invalid_request");
      f.error(f.send("POST", "/api/v1/session", null, "{"), 400, "malformed_json");
      f.error(
          f.send(
              "POST",
              "/api/v1/session",
              null,
              "token=" + ADMIN,
              "Content-Type",
              "application/x-www-form-urlencoded"),
          415,
          "unsupported_media_type");
    }
  }

  @Nested
  class CsrfDefence {
    @Test
    void aChangeWithTheCookieNeedsTheRequestHeader() {
      String cookie = cookie(f.operator);

      f.error(withCookie("POST", "/api/v1/enrollment-tokens", cookie), 403, "csrf_header_missing");
      f.error(
          withCookie("POST", "/api/v1/enrollment-tokens", cookie, "X-LinkMesh-Request", "yes"),
          403,
          "csrf_header_missing");
      assertThat(f.domain.enrollment().enrollmentTokens()).isEmpty();

      HttpResponse<String> ok =
          withCookie("POST", "/api/v1/enrollment-tokens", cookie, "X-LinkMesh-Request", "1");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    }

    @Test
    void aBearerTokenNeedsNoRequestHeader() {
      HttpResponse<String> ok = f.send("POST", "/api/v1/enrollment-tokens", f.operator, "{}");

      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    }
  }

  @Nested
  class Ending {
    @Test
    void logoutEndsTheSessionAndClearsTheCookie() {
      String cookie = cookie(ADMIN);

      f.error(withCookie("DELETE", "/api/v1/session", cookie), 403, "csrf_header_missing");
      HttpResponse<String> out =
          withCookie("DELETE", "/api/v1/session", cookie, "X-LinkMesh-Request", "1");

      assertThat(out.statusCode()).isEqualTo(204);
      assertThat(out.headers().firstValue("Set-Cookie").orElseThrow())
          .startsWith("linkmesh_session=;")
          .contains("Max-Age=0");
      f.error(withCookie("GET", "/api/v1/whoami", cookie), 401, "unauthenticated");
    }

    @Test
    void anIdleSessionExpires() {
      String cookie = cookie(ADMIN);
      f.clock.advance(Duration.ofMinutes(29));
      f.json(withCookie("GET", "/api/v1/whoami", cookie), 200);
      f.clock.advance(Duration.ofMinutes(29));
      f.json(withCookie("GET", "/api/v1/whoami", cookie), 200);

      f.clock.advance(Duration.ofMinutes(30));

      f.error(withCookie("GET", "/api/v1/whoami", cookie), 401, "unauthenticated");
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverBusy() {
      String cookie = cookie(ADMIN);
      for (int i = 0; i < 5; i++) {
        f.clock.advance(Duration.ofMinutes(20));
        f.json(withCookie("GET", "/api/v1/whoami", cookie), 200);
      }

      f.clock.advance(Duration.ofMinutes(20));

      f.error(withCookie("GET", "/api/v1/whoami", cookie), 401, "unauthenticated");
    }

    @Test
    void theLeastRecentlyUsedSessionGoesBeyondTheBound() {
      String first = cookie(ADMIN);
      String second = cookie(ADMIN);
      String third = cookie(ADMIN);
      f.json(withCookie("GET", "/api/v1/whoami", first), 200);

      String fourth = cookie(ADMIN);

      f.error(withCookie("GET", "/api/v1/whoami", second), 401, "unauthenticated");
      for (String live : new String[] {first, third, fourth}) {
        f.json(withCookie("GET", "/api/v1/whoami", live), 200);
      }
    }

    @Test
    void revokingTheTokenEndsItsSessions() {
      String cookie = cookie(f.operator);
      String tokenId =
          f.json(withCookie("GET", "/api/v1/whoami", cookie), 200).path("tokenId").asText();

      f.send("DELETE", "/api/v1/api-tokens/" + tokenId, ADMIN, null);

      f.error(withCookie("GET", "/api/v1/whoami", cookie), 401, "unauthenticated");
    }

    @Test
    void loggingInAgainReplacesTheSessionTheBrowserHad() {
      String old = cookie(ADMIN);

      HttpResponse<String> again =
          f.send(
              "POST", "/api/v1/session", null, "{\"token\":" + quote(ADMIN) + "}", "Cookie", old);

      assertThat(again.statusCode()).isEqualTo(200);
      f.error(withCookie("GET", "/api/v1/whoami", old), 401, "unauthenticated");
    }

    @Test
    void aForgedCookieIsUnauthorized() {
      f.error(
          withCookie("GET", "/api/v1/whoami", "linkmesh_session=" + "A".repeat(43)),
          401,
          "unauthenticated");
    }
  }
}
