package io.linkmesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The OpenAPI document served at /api/v1/openapi.json against the router's real routes. */
class OpenApiTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private ApiFixture f;
  private JsonNode doc;

  @BeforeEach
  void fetch() {
    f = new ApiFixture();
    doc = f.json(f.get("/api/v1/openapi.json", f.viewer), 200);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Nested
  class Routes {
    @Test
    void everyRouteIsDescribedAndEveryDescribedOperationIsARoute() {
      Set<String> routed = new TreeSet<>(f.api.routes());
      Set<String> described = new TreeSet<>();
      String server = doc.path("servers").get(0).path("url").asText();
      for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
        for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
          String method = methods.next();
          if (METHODS.contains(method)) {
            described.add(method.toUpperCase(Locale.ROOT) + " " + server + path.getKey());
          }
        }
      }

      assertThat(routed).as("routes").isNotEmpty();
      assertThat(described).as("described but not routed").isSubsetOf(routed);
      assertThat(routed).as("routed but not described").isSubsetOf(described);
    }

    @Test
    void everyOperationStatesTheRoleTheRouterEnforces() {
      // A viewer is refused exactly the operations documented as operator or admin.
      for (String route : f.api.routes()) {
        String method = route.substring(0, route.indexOf(' '));
        String template = route.substring(route.indexOf(' ') + "/api/v1".length() + 1);
        JsonNode operation = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        String role = operation.path("x-linkmesh-role").asText();
        assertThat(role).as(route).isIn("viewer", "operator", "admin");
        String concrete = template.replaceAll("\\{[^}]*\\}", "x");
        int status = f.send(method, "/api/v1" + concrete, f.viewer, null).statusCode();
        if (role.equals("viewer")) {
          assertThat(status).as(route).isNotEqualTo(403);
        } else {
          assertThat(status).as(route).isEqualTo(403);
        }
      }
    }
  }

  @Nested
  class Document {
    @Test
    void isOpenApi3WithBearerSecurityAndErrorShape() {
      assertThat(doc.path("openapi").asText()).startsWith("3.0.");
      assertThat(doc.path("info").path("title").asText()).isNotBlank();
      assertThat(
              doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
          .isEqualTo("bearer");
      assertThat(doc.path("components").path("schemas").path("Error").path("required"))
          .extracting(JsonNode::asText)
          .containsExactly("error");
    }

    @Test
    void everyReferenceResolves() {
      List<String> refs = new ArrayList<>();
      collectRefs(doc, refs);

      assertThat(refs).isNotEmpty();
      for (String ref : refs) {
        assertThat(ref).startsWith("#/");
        assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
      }
    }

    @Test
    void everyOperationHasASummaryAndResponses() {
      doc.path("paths")
          .properties()
          .forEach(
              path ->
                  path.getValue()
                      .properties()
                      .forEach(
                          op -> {
                            assertThat(op.getValue().path("summary").asText())
                                .as(op.getKey() + " " + path.getKey())
                                .isNotBlank();
                            assertThat(op.getValue().path("responses").size())
                                .as(op.getKey() + " " + path.getKey())
                                .isPositive();
                          }));
    }

    private void collectRefs(JsonNode node, List<String> out) {
      if (node.isObject()) {
        node.properties()
            .forEach(
                e -> {
                  if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                  } else {
                    collectRefs(e.getValue(), out);
                  }
                });
      } else if (node.isArray()) {
        node.forEach(child -> collectRefs(child, out));
      }
    }
  }
}
