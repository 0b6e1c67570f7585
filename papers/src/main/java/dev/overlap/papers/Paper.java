package dev.overlap.papers;

/**
 * The reproduced papers, in display order: a key for the command line and output directories, and the reference
 * (papers/README.md heads each paper's section with {@code ## key: reference}).
 */
public enum Paper {
    SAAD1995("saad1995", "Saad & Solla, Phys. Rev. E 52, 4225 (1995)"),
    BOCCHI2026("bocchi2026", "Bocchi, Regimbeau, Lucibello, Saglietti, Cammarota, arXiv:2604.03068 (2026)"),
    SHEN2024("shen2024", "Shen, \"Exploring the complexity of deep neural networks through functional equivalence\""
            + " (ICML 2024)"),
    ZHOU2021("zhou2021", "Zhou, Ge, Jin, \"A local convergence theory for mildly over-parameterized two-layer neural"
            + " network\" (COLT 2021)"),
    SIMSEK2021("simsek2021", "Şimşek, Ged, Jacot, Spadaro, Hongler, Gerstner, Brea, \"Geometry of the loss landscape"
            + " in overparameterized neural networks: symmetries and invariances\" (ICML 2021, arXiv:2105.12221)"),
    SAREEN2026("sareen2026", "Sareen, Pedramfar, Kaba, Shakerinava, Ravanbakhsh, \"The Role of Symmetry in Optimizing"
            + " Overparameterized Networks\" (arXiv:2604.25150)");

    private final String key;
    private final String reference;

    Paper(String key, String reference) {
        this.key = key;
        this.reference = reference;
    }

    /** @return the key, e.g. {@code simsek2021} */
    public String key() {
        return key;
    }

    /** @return authors, title and venue */
    public String reference() {
        return reference;
    }
}
