package io.linkmesh.domain.audit;

/** The actions the audit log records, by their stable names. */
public final class AuditAction {
  public static final String ENROLLMENT_TOKEN_MINT = "enrollment_token.mint";
  public static final String ENROLLMENT_TOKEN_REVOKE = "enrollment_token.revoke";
  public static final String API_TOKEN_MINT = "api_token.mint";
  public static final String API_TOKEN_REVOKE = "api_token.revoke";
  public static final String COLLECTOR_ENROLL = "collector.enroll";
  public static final String COLLECTOR_ENROLL_REFUSED = "collector.enroll_refused";
  public static final String COLLECTOR_LABELS = "collector.labels";
  public static final String COLLECTOR_DEREGISTER = "collector.deregister";
  public static final String CONFIG_PUT = "config.put";
  public static final String CONFIG_DELETE = "config.delete";
  public static final String REVISION_RESTORE = "revision.restore";
  public static final String LOGIN_FAILED = "login.failed";

  private AuditAction() {}
}
