package io.latentkit.data.format;

import io.latentkit.data.DataException;
import io.latentkit.data.Dataset;
import io.latentkit.data.DatasetFormat;
import io.latentkit.data.InputSpec;
import io.latentkit.data.Matrix;
import io.latentkit.data.ReadResult;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * NumPy {@code .npy} arrays (format versions 1 to 3): 1-D arrays become one column, 2-D arrays one row per item,
 * in C or Fortran order, from any integer, boolean or float dtype. Only the matrix is stored: ids are row numbers
 * and labels or metadata are not written. Object arrays are refused, since loading them means unpickling.
 */
public final class NpyFormat implements DatasetFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int HEADER_ALIGNMENT = 64;

    @Override
    public String name() {
        return "npy";
    }

    @Override
    public List<String> extensions() {
        return List.of(".npy");
    }

    /** Reads the array; non-finite values fail or drop their row as {@link InputSpec#dropNonFinite()} says. */
    @Override
    public ReadResult read(InputSpec spec) {
        Path file = spec.path();
        Matrix matrix = decode(file, spec.dropNonFinite());
        RowCollector rows = new RowCollector(file, spec.dropNonFinite(), false, false, 0);
        float[] data = matrix.data();
        float[] row = new float[matrix.cols()];
        for (int i = 0; i < matrix.rows(); i++) {
            System.arraycopy(data, i * matrix.cols(), row, 0, row.length);
            rows.addRow(row, row.length, "row " + i, j -> "column " + j);
        }
        Dataset dataset = rows.builder(matrix.cols(), RowCollector.numberedNames("f", matrix.cols()), List.of(),
                "the array holds no rows").build();
        return rows.result(dataset);
    }

    /** Writes the features only, as a 2-D little-endian float32 array in C order. */
    @Override
    public void write(Dataset data, Path path) {
        writeMatrix(path, data.features());
    }

    /** Reads a raw matrix (for example embeddings); any NaN or infinite value is an error naming row and column. */
    public static Matrix readMatrix(Path file) {
        return new NpyFormat().read(InputSpec.of(file)).dataset().features();
    }

    /** Writes a matrix as a 2-D {@code <f4} C-order .npy file, atomically. */
    public static void writeMatrix(Path file, Matrix matrix) {
        byte[] header = header(matrix.rows(), matrix.cols());
        DataFiles.write(file, out -> {
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : matrix.data()) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat(v);
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }

    private static byte[] header(int rows, int cols) {
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (")
                .append(rows).append(", ").append(cols).append("), }");
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        dict.append(" ".repeat((HEADER_ALIGNMENT - unpadded % HEADER_ALIGNMENT) % HEADER_ALIGNMENT)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return header.array();
    }

    /** Decodes the whole array to a row-major float matrix; float64 values beyond float32 range are errors. */
    private static Matrix decode(Path file, boolean dropNonFinite) {
        DataFiles.requireNonEmpty(file);
        try (BinaryInput in = new BinaryInput(file, DataFiles.open(file))) {
            NpyHeader header = NpyHeader.read(file, in);
            int rows = header.rows();
            int cols = header.cols();
            in.expectSize(in.offset() + (long) rows * cols * header.type().size());
            float[] fileOrder = new float[Math.multiplyExact(rows, cols)];
            in.readElements(header.type(), header.order(), fileOrder, (k, buffer, value) -> {
                if (header.type() == ElementType.F64 && !dropNonFinite && ElementType.overflowed(buffer, value)) {
                    int row = header.fortranOrder() ? k % rows : k / cols;
                    int col = header.fortranOrder() ? k / rows : k % cols;
                    throw new DataException(file, "row " + row, "column " + col, "float64 value "
                            + buffer.getDouble(buffer.position() - Double.BYTES)
                            + " is beyond float32 range and would become infinite");
                }
            });
            return new Matrix(rows, cols, header.fortranOrder() ? transpose(fileOrder, rows, cols) : fileOrder);
        } catch (IOException e) {
            throw DataFiles.readFailure(file, e);
        }
    }

    /** Column-major (Fortran) to row-major. */
    private static float[] transpose(float[] columnMajor, int rows, int cols) {
        float[] rowMajor = new float[columnMajor.length];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                rowMajor[i * cols + j] = columnMajor[j * rows + i];
            }
        }
        return rowMajor;
    }
}
