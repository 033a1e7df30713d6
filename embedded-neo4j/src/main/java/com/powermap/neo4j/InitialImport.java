package com.powermap.neo4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;

/**
 * Runs Neo4j's own bulk importer ({@code neo4j-admin database import full}) on an embedded data
 * folder, for {@code powermap import --initial}.
 *
 * <p>The embedded server ({@link EmbeddedNeo4j}) uses its data folder as Neo4j's home, so the stores
 * live where the admin tool looks for them with the same folder as its home: {@code data/databases}
 * and {@code data/transactions}. The server must be stopped first (the tool locks the store). The
 * importer is the one the {@code neo4j-import-tool} artifact puts behind {@code neo4j-admin}, reached
 * through {@link AdminTool#execute}, so every option of {@code neo4j-admin database import full} is
 * accepted after {@code --data DIR}, unchanged.
 *
 * <p>Exit status: the tool's own (0 on success); its report goes to standard output and error.
 */
public final class InitialImport {

    private InitialImport() {}

    public static void main(String[] args) {
        if (args.length < 2 || !args[0].equals("--data")) {
            System.err.println("usage: InitialImport --data DIR [neo4j-admin database import full options] DATABASE");
            System.exit(2);
        }
        Path home = Path.of(args[1]).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("database", "import", "full"));
        command.addAll(Arrays.asList(args).subList(2, args.length));
        ExecutionContext context = new ExecutionContext(home, home.resolve("conf"));
        System.exit(AdminTool.execute(context, command.toArray(String[]::new)));
    }
}
