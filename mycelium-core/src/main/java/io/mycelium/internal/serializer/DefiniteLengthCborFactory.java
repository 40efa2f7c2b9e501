package io.mycelium.internal.serializer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A CBOR factory whose generators write every text string with a definite length. Jackson writes a string
 * of more than about 4,000 characters as an indefinite-length string of chunks, which is valid CBOR but
 * which cbor-x (Moleculer's CBOR library) refuses ("Indefinite length not supported for byte or text
 * strings"): the Moleculer node dropped such a packet, so a call whose params or result held a long
 * string timed out. Long strings are encoded to UTF-8 here and written whole.
 */
// The factory is configured once and only read afterwards, as Jackson's own.
@SuppressWarnings("serial")
final class DefiniteLengthCborFactory extends CBORFactory {

    /** Strings up to this many chars are never chunked by Jackson; they take its fast path. */
    static final int CHUNK_FREE_CHARS = 3_000;

    @Override
    public CBORGenerator createGenerator(OutputStream out, JsonEncoding enc) throws IOException {
        return createGenerator(out);
    }

    @Override
    public CBORGenerator createGenerator(OutputStream out) throws IOException {
        IOContext ctxt = _createContext(_createContentReference(out), false);
        return new Generator(ctxt, _generatorFeatures, _formatGeneratorFeatures, _objectCodec, _decorate(out, ctxt));
    }

    private static final class Generator extends CBORGenerator {

        Generator(IOContext ctxt, int stdFeatures, int formatFeatures, @Nullable ObjectCodec codec, OutputStream out) {
            super(ctxt, stdFeatures, formatFeatures, codec, out);
        }

        @Override
        public void writeString(@Nullable String text) throws IOException {
            byte[] utf8 = text == null || text.length() <= CHUNK_FREE_CHARS ? null : utf8(CharBuffer.wrap(text));
            if (utf8 == null) {
                super.writeString(text);
            } else {
                writeUTF8String(utf8, 0, utf8.length);
            }
        }

        @Override
        public void writeString(char[] text, int offset, int len) throws IOException {
            byte[] utf8 = len <= CHUNK_FREE_CHARS ? null : utf8(CharBuffer.wrap(text, offset, len));
            if (utf8 == null) {
                super.writeString(text, offset, len);
            } else {
                writeUTF8String(utf8, 0, utf8.length);
            }
        }

        /** The UTF-8 bytes, or null for text that is not well-formed (Jackson then refuses it as before). */
        private static byte @Nullable [] utf8(CharBuffer text) {
            try {
                ByteBuffer bytes = StandardCharsets.UTF_8
                        .newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(text);
                byte[] out = new byte[bytes.remaining()];
                bytes.get(out);
                return out;
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }
}
