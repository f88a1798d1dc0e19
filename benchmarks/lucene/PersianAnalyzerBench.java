// Throughput of Lucene's PersianAnalyzer (Debian's liblucene8-java) over a
// text file, for the side-by-side text benchmark (scripts/bench).
//
// usage: java -cp CLASSPATH PersianAnalyzerBench FILE [PASSES]
//
// Reads FILE (UTF-8) into memory, then analyzes it line by line: one warm-up
// pass for the JIT, then PASSES timed passes (default 3). Every token's text
// is read, so nothing is skipped. Prints one line, "lucene-persian<TAB>MB/s",
// from the fastest pass, and the token count on stderr.
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.fa.PersianAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

public final class PersianAnalyzerBench {
  private PersianAnalyzerBench() {}

  // Returns {tokens, characters of the tokens}.
  private static long[] pass(Analyzer analyzer, List<String> lines) throws IOException {
    long tokens = 0;
    long chars = 0;
    for (String line : lines) {
      try (TokenStream ts = analyzer.tokenStream("body", line)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        ts.reset();
        while (ts.incrementToken()) {
          ++tokens;
          chars += term.length();
        }
        ts.end();
      }
    }
    return new long[] {tokens, chars};
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: PersianAnalyzerBench FILE [PASSES]");
      System.exit(2);
    }
    byte[] bytes = Files.readAllBytes(Paths.get(args[0]));
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    double mb = bytes.length / 1e6;
    try (Analyzer analyzer = new PersianAnalyzer()) {
      long[] counts = pass(analyzer, lines);  // warm-up
      double best = Double.MAX_VALUE;
      for (int i = 0; i < passes; ++i) {
        long t0 = System.nanoTime();
        counts = pass(analyzer, lines);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      System.err.printf("lucene-persian: %d tokens (%d chars) a pass, best of %d passes %.2f s%n",
                        counts[0], counts[1], passes, best);
      System.out.printf("lucene-persian\t%.2f%n", mb / best);
    }
  }
}
