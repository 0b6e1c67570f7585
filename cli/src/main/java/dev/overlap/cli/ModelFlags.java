package dev.overlap.cli;

import picocli.CommandLine.ArgGroup;

/**
 * The model flags ({@link ModelOptions}) as a picocli mixin, under the help heading "Model:", for every command
 * that runs the model ({@code @Mixin ModelFlags modelFlags}).
 */
final class ModelFlags {
    @ArgGroup(exclusive = false, heading = "%nModel:%n", validate = false)
    ModelOptions options = new ModelOptions();
}
