package com.ltvforecast.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ltvforecast.testing.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A clone with nothing beside it must build, run and test: no file of the repository may read or
 * name a path outside it. Every relative path that climbs with {@code ../} must land inside the
 * repository, from the file's folder or from its module's, and no file names the reference folder
 * that sits beside a checkout.
 */
class RepositoryStandsAloneTest {

  private static final Set<String> SKIPPED_FOLDERS =
      Set.of(".git", "target", ".aws-sam", ".idea", "node_modules");
  private static final Pattern CLIMBING_PATH = Pattern.compile("(?:\\.\\./)+[A-Za-z0-9_.${}-]*");

  /**
   * The reference folder beside the checkout, and the workplace's absolute folder; split so this
   * file passes.
   */
  private static final List<String> OUTSIDE_NAMES = List.of(".." + "/shared", "/work" + "/");

  @Test
  void noFileNamesAPathOutsideTheRepository() throws IOException {
    Path root = ProjectFiles.root();
    List<String> offences = new ArrayList<>();
    for (Path file : textFiles(root)) {
      String text = read(file);
      if (text == null) {
        continue;
      }
      for (String name : OUTSIDE_NAMES) {
        if (text.contains(name)) {
          offences.add(root.relativize(file) + " names " + name);
        }
      }
      Matcher m = CLIMBING_PATH.matcher(text);
      while (m.find()) {
        String path = m.group();
        if (escapes(root, file.getParent(), path) && escapes(root, moduleOf(root, file), path)) {
          offences.add(root.relativize(file) + " climbs out with " + path);
        }
      }
    }
    assertEquals(List.of(), offences);
  }

  @Test
  void theDatasetsTheProjectUsesAreInTheRepository() {
    for (String dataset :
        List.of(
            "cdnow/transactions.csv",
            "cdnow/transactions_sample.csv",
            "cdnow/bgnbd_predictions_sample.csv",
            "cdnow/README.md",
            "online-retail/transactions.csv",
            "online-retail/README.md")) {
      assertTrue(Files.isRegularFile(ProjectFiles.data(dataset)), dataset);
    }
  }

  @Test
  void theCheckCatchesAClimbOutOfTheRepository() {
    Path root = ProjectFiles.root();
    assertTrue(escapes(root, root.resolve("shared"), "../../elsewhere"));
    assertTrue(!escapes(root, root.resolve("functions/train"), "../../local"));
  }

  private static boolean escapes(Path root, Path from, String climbingPath) {
    String path = climbingPath.replace("${project.basedir}", "").replace("${basedir}", "");
    return !from.resolve(path).normalize().startsWith(root);
  }

  private static Path moduleOf(Path root, Path file) {
    for (Path dir = file.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    return root;
  }

  private static List<Path> textFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p -> {
                for (Path part : root.relativize(p)) {
                  if (SKIPPED_FOLDERS.contains(part.toString())) {
                    return false;
                  }
                }
                return true;
              })
          .filter(
              p ->
                  !p.startsWith(root.resolve("data"))
                      || p.getFileName().toString().endsWith(".md")
                      || p.getFileName().toString().endsWith(".json"))
          .toList();
    }
  }

  /** The file's text, or null for a binary file. */
  private static String read(Path file) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException binary) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
