package dev.overlap.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reader of the one thing the bytecode-size checks need from a class file (JVMS §4): the {@code code_length}
 * of each method's {@code Code} attribute. The JVM refuses methods over 64 KiB and does not JIT-compile methods
 * over 8000 bytes, which is what the tests of generated code guard.
 */
public final class ClassFiles {

    private ClassFiles() {
    }

    /**
     * Method name → code_length of its Code attribute (JVMS §4.7.3), in the order of the class file; overloads
     * keep the largest; abstract and native methods (no Code attribute) are absent.
     *
     * @return the code lengths by method name ({@code <init>} and {@code <clinit>} included)
     * @throws IOException if the bytes are not a class file or hold an unknown constant-pool tag
     */
    public static Map<String, Integer> methodCodeLengths(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        String[] utf8 = constantPoolStrings(in);
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipBytes(6); // access, name, descriptor
            skipAttributes(in);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort(); // access
            String name = utf8[in.readUnsignedShort()];
            in.readUnsignedShort(); // descriptor
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                if (attribute.equals("Code")) {
                    DataInputStream code = new DataInputStream(new ByteArrayInputStream(body));
                    code.readUnsignedShort(); // max_stack
                    code.readUnsignedShort(); // max_locals
                    out.merge(name, code.readInt(), Math::max);
                }
            }
        }
        return out;
    }

    /** Reads the constant pool; entry i holds the string of a CONSTANT_Utf8 at index i, null otherwise. */
    private static String[] constantPoolStrings(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // long and double take two entries
                }
                case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant-pool tag " + tag);
            }
        }
        return utf8;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }
}
