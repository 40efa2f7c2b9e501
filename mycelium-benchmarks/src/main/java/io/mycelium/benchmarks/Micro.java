package io.mycelium.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the JMH benchmarks with a short configuration (1 fork, 10×1 s warm-up, 5×1 s measurement). */
final class Micro {
    private Micro() {}

    static List<JmhFigure> run(boolean quick) {
        Options opts = new OptionsBuilder()
                .include(SerializerBenchmark.class.getName())
                .include(LocalCallBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 10)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 1 : 5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xms256m", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .verbosity(VerboseMode.SILENT)
                .build();
        Log.info("JMH ...");
        List<JmhFigure> figures = new ArrayList<>();
        try {
            Collection<RunResult> results = new Runner(opts).run();
            for (RunResult r : results) {
                var params = r.getParams();
                String name = params.getBenchmark();
                name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
                String paramText = params.getParamsKeys().stream()
                        .map(k -> k + "=" + params.getParam(k))
                        .collect(Collectors.joining(", "));
                var primary = r.getPrimaryResult();
                figures.add(new JmhFigure(
                        name, paramText, primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
                Log.info("  " + name + " " + paramText + " " + Report.number(primary.getScore()) + " "
                        + primary.getScoreUnit());
            }
        } catch (RunnerException e) {
            Log.info("  JMH failed: " + e);
            figures.add(new JmhFigure("failed", e.toString(), Double.NaN, Double.NaN, ""));
        }
        return figures;
    }
}
