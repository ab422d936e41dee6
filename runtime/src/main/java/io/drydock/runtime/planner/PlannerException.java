package io.drydock.runtime.planner;

/** A planner message that breaks the protocol, or a front end that went away mid-call. */
public final class PlannerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlannerException(String message) {
    super(message);
  }
}
