package io.linkmesh.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linkmesh.domain.enrollment.Role;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final Endpoint A = call -> Reply.noContent();
  private static final Endpoint B = call -> Reply.text("b");

  private final Router router =
      new Router()
          .get("/revisions/{id}", Role.VIEWER, A)
          .get("/revisions/latest", Role.VIEWER, B)
          .post("/revisions/{id}/restore", Role.OPERATOR, A)
          .put("/configs/{name}", Role.OPERATOR, A)
          .delete("/configs/{name}", Role.OPERATOR, A);

  @Nested
  class Matching {
    @Test
    void bindsPathParameters() {
      Router.Match match = router.match("POST", "/revisions/abc123/restore");

      assertThat(match).isInstanceOf(Router.Match.Found.class);
      Router.Match.Found found = (Router.Match.Found) match;
      assertThat(found.params()).isEqualTo(Map.of("id", "abc123"));
      assertThat(found.route().role()).isEqualTo(Role.OPERATOR);
    }

    @Test
    void literalSegmentsWinOverParameters() {
      Router.Match.Found found = (Router.Match.Found) router.match("GET", "/revisions/latest");

      assertThat(found.route().endpoint()).isSameAs(B);
      assertThat(found.params()).isEmpty();
    }

    @Test
    void wrongMethodNamesTheAllowedOnes() {
      assertThat(router.match("PATCH", "/configs/x"))
          .isEqualTo(new Router.Match.WrongMethod(java.util.Set.of("DELETE", "PUT")));
    }

    @Test
    void unknownOrEmptySegmentsAreMissing() {
      assertThat(router.match("GET", "/configs")).isInstanceOf(Router.Match.Missing.class);
      assertThat(router.match("GET", "/revisions/")).isInstanceOf(Router.Match.Missing.class);
      assertThat(router.match("GET", "/revisions/a/b")).isInstanceOf(Router.Match.Missing.class);
      assertThat(router.match("GET", "revisions/a")).isInstanceOf(Router.Match.Missing.class);
    }
  }

  @Nested
  class Registration {
    @Test
    void refusesDuplicatesAndBadTemplates() {
      assertThatThrownBy(() -> router.get("/revisions/{other}", Role.VIEWER, A))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("duplicate");
      assertThatThrownBy(() -> router.get("revisions", Role.VIEWER, A))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> router.get("/Revisions/{id", Role.VIEWER, A))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsRoutesInOrder() {
      assertThat(router.routes())
          .extracting(r -> r.method() + " " + r.template())
          .containsExactly(
              "GET /revisions/{id}",
              "GET /revisions/latest",
              "POST /revisions/{id}/restore",
              "PUT /configs/{name}",
              "DELETE /configs/{name}");
    }
  }
}
