package io.linkmesh.domain.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.linkmesh.domain.enrollment.TokenKind;
import io.linkmesh.domain.enrollment.TokenParts;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretGeneratorTest {
  final SecretGenerator secrets = SecretGenerator.secureRandom();

  @Test
  void secureRandomMakesIdsAndSecretsOfTheDocumentedShape() {
    assertThat(secrets.newId()).matches("[a-z0-9]{16}");
    assertThat(secrets.newSecret()).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void secureRandomPartsMakeTokensThatParseBack() {
    TokenParts parts = new TokenParts(TokenKind.ENROLLMENT, secrets.newId(), secrets.newSecret());

    assertThat(TokenParts.parse(parts.token())).contains(parts);
  }

  @Test
  void secureRandomNeverRepeatsItselfInAThousandDraws() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(secrets.newId())).isTrue();
      assertThat(seen.add(secrets.newSecret())).isTrue();
    }
  }
}
