package org.sparcj.experiments.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.sparcj.model.StepTiming;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Training-step benchmark at paper scale (sparc-model's StepTiming); other options pass through. With
 * {@code --against-torch} the same shapes then run in scripts/bench-torch.py (the step in plain
 * PyTorch) and the ratio per TopK mode is printed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time SPARC training steps at paper scale on random data.",
                "Defaults: M=3, dims 768/1024/768, L=8192, k=64, batch 256. Times GLOBAL/LOCAL x SPARSE/DENSE",
                "against the bare matmul and prints samples/s, the step/matmul ratio and peak memory.",
                "Options are StepTiming's:",
                "  [--steps N] [--warmup N] [--latents L] [--k K] [--batch B] [--dims a,b,c]",
                "  [--only GLOBAL-SPARSE,...] [--profile] [--store DIR (train from a feature store; RssAnon)",
                "  [--store-rows N (first write N Gaussian rows of --dims there, unless already there)]]"})
public final class BenchCommand implements Callable<Integer> {
    /** StepTiming's shape options, passed on to the PyTorch step. */
    private static final Set<String> SHAPE_OPTIONS = Set.of("--steps", "--warmup", "--latents", "--k", "--batch", "--dims");

    @CommandLine.Option(names = "--against-torch", description = {"Then time the same step in plain PyTorch",
            "(scripts/bench-torch.py, CPU, 2 threads) and print SPARC-J's speed-up per TopK mode."})
    boolean againstTorch;

    @CommandLine.Option(names = "--torch-python", paramLabel = "PYTHON", description = {"Python with torch installed",
            "(default: $SPARC_TORCH_PYTHON, else python3)."})
    String torchPython;

    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> timing = new ArrayList<>(args);
        if (againstTorch && !timing.contains("--only")) timing.addAll(List.of("--only", "GLOBAL-SPARSE,LOCAL-SPARSE"));
        Map<String, Double> sparc = StepTiming.bench(timing.toArray(new String[0]));
        if (!againstTorch) return SparcCli.OK;
        String python = torchPython != null ? torchPython
                : System.getenv().getOrDefault("SPARC_TORCH_PYTHON", "python3");
        Path script = Path.of("scripts", "bench-torch.py");
        if (!Files.isRegularFile(script)) throw new IllegalStateException("bench --against-torch: " + script
                + " not found (run bin/sparc from the repository)");
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        for (int i = 0; i + 1 < args.size(); i++)
            if (SHAPE_OPTIONS.contains(args.get(i))) cmd.addAll(List.of(args.get(i), args.get(++i)));
        System.out.println();
        Map<String, Double> torch = runTorch(cmd);
        if (torch == null) {
            System.out.println("bench --against-torch: no PyTorch timing (see above). To get torch: python3 -m venv "
                    + ".venv-torch && .venv-torch/bin/pip install torch (the PyPI wheel is several GB), then "
                    + "bin/sparc bench --against-torch --torch-python .venv-torch/bin/python");
            return SparcCli.OK;
        }
        System.out.printf(Locale.ROOT, "%n%-8s %14s %14s %12s%n", "TopK", "SPARC-J s/step", "PyTorch s/step", "speed-up");
        for (Map.Entry<String, Double> e : torch.entrySet()) {
            Double ours = sparc.get(e.getKey() + "-SPARSE");
            if (ours == null) continue;
            System.out.printf(Locale.ROOT, "%-8s %14.3f %14.3f %11.2fx%n", e.getKey(), ours, e.getValue(), e.getValue() / ours);
        }
        return SparcCli.OK;
    }

    /** Runs the PyTorch step, echoing its output; its "torch MODE s/step X" lines, or null if it failed. */
    private static Map<String, Double> runTorch(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("bench --against-torch: cannot start " + cmd.get(0) + ": " + e.getMessage());
            return null;
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println(line);
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].equals("torch") && f[2].equals("s/step")) seconds.put(f[1], Double.parseDouble(f[3]));
            }
        }
        return p.waitFor() == 0 && !seconds.isEmpty() ? seconds : null;
    }
}
