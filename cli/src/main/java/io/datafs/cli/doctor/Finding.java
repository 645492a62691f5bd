package io.datafs.cli.doctor;

/**
 * One check's outcome, printed as one line: {@code ok}, {@code warn} (works, but worth a look) or {@code FAIL}
 * (something datafs needs does not work), what was checked, and for the last two how to fix it.
 */
public record Finding(Status status, String what, String detail) {
  public enum Status { OK, WARN, FAIL }

  static Finding ok(String what, String detail) {
    return new Finding(Status.OK, what, detail);
  }

  static Finding warn(String what, String problemAndFix) {
    return new Finding(Status.WARN, what, problemAndFix);
  }

  static Finding fail(String what, String problemAndFix) {
    return new Finding(Status.FAIL, what, problemAndFix);
  }

  public String line() {
    String tag = switch (status) {
      case OK -> "ok  ";
      case WARN -> "warn";
      case FAIL -> "FAIL";
    };
    return tag + "  " + what + ": " + detail;
  }
}
