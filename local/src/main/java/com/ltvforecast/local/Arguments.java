package com.ltvforecast.local;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options after a subcommand. */
record Arguments(String command, Map<String, String> options, Set<String> flags) {

  static Arguments parse(String[] args, Set<String> knownFlags) {
    if (args.length == 0) {
      throw new UsageException("missing command");
    }
    Map<String, String> options = new HashMap<>();
    Set<String> flags = new HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      if (knownFlags.contains(name)) {
        flags.add(name);
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new UsageException("option --" + name + " needs a value");
      }
    }
    return new Arguments(args[0], options, flags);
  }

  String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  String required(String name) {
    String value = options.get(name);
    if (value == null) {
      throw new UsageException("option --" + name + " is required for '" + command + "'");
    }
    return value;
  }

  void allowOnly(List<String> names) {
    for (String name : options.keySet()) {
      if (!names.contains(name)) {
        throw new UsageException("unknown option --" + name + " for '" + command + "'");
      }
    }
  }

  /** Bad command-line usage; the runner prints the message and the usage text. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
