package io.latentkit.persist;

import java.util.List;

/**
 * Codecs for model types defined in modules above this one (for example the autoencoders of latentkit-deep), found
 * with {@link java.util.ServiceLoader}: a module lists its provider in
 * {@code META-INF/services/io.latentkit.persist.ModelCodecProvider}, and {@link ModelStore} then saves and loads its
 * models, also as parts of a pipeline, whenever the module is on the class path.
 */
public interface ModelCodecProvider {
    /** The codecs of this module; their type names must differ from every other codec's. */
    List<ModelCodec<?>> codecs();
}
