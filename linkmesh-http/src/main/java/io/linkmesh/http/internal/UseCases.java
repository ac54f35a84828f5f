package io.linkmesh.http.internal;

import io.linkmesh.domain.port.in.ApiTokenQueries;
import io.linkmesh.domain.port.in.AuditQueries;
import io.linkmesh.domain.port.in.AuthenticateOperatorUseCase;
import io.linkmesh.domain.port.in.CheckEnrollmentTokenUseCase;
import io.linkmesh.domain.port.in.ConfigQueries;
import io.linkmesh.domain.port.in.DeleteConfigUseCase;
import io.linkmesh.domain.port.in.DeregisterCollectorUseCase;
import io.linkmesh.domain.port.in.EnrollmentQueries;
import io.linkmesh.domain.port.in.FindDesiredConfigUseCase;
import io.linkmesh.domain.port.in.FleetQueries;
import io.linkmesh.domain.port.in.MintApiTokenUseCase;
import io.linkmesh.domain.port.in.MintEnrollmentTokenUseCase;
import io.linkmesh.domain.port.in.PutConfigUseCase;
import io.linkmesh.domain.port.in.RestoreRevisionUseCase;
import io.linkmesh.domain.port.in.RevisionQueries;
import io.linkmesh.domain.port.in.RevokeApiTokenUseCase;
import io.linkmesh.domain.port.in.RevokeEnrollmentTokenUseCase;
import io.linkmesh.domain.port.in.SetCollectorLabelsUseCase;

/** The domain's use cases the API serves, in the groups {@code RestApi.Builder} takes them. */
public final class UseCases {
  private UseCases() {}

  public record Operators(
      AuthenticateOperatorUseCase authenticate,
      MintApiTokenUseCase mintApiToken,
      RevokeApiTokenUseCase revokeApiToken,
      ApiTokenQueries apiTokens,
      AuditQueries audit) {}

  public record Enrollment(
      MintEnrollmentTokenUseCase mint,
      RevokeEnrollmentTokenUseCase revoke,
      EnrollmentQueries tokens,
      CheckEnrollmentTokenUseCase check) {}

  public record Fleet(
      FleetQueries queries,
      SetCollectorLabelsUseCase labels,
      DeregisterCollectorUseCase deregister,
      FindDesiredConfigUseCase desiredConfig) {}

  public record Configs(
      PutConfigUseCase put,
      DeleteConfigUseCase delete,
      ConfigQueries queries,
      RevisionQueries revisions,
      RestoreRevisionUseCase restore) {}
}
