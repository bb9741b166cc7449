package dev.assetgate.images;

import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The size of an SVG, read from the attributes of its root element ({@code width}, {@code height},
 * else the {@code viewBox}); the picture is never rendered. The XML parser reads no DTD and resolves
 * no entity, internal or external, so an SVG carrying them cannot make the server fetch or expand
 * anything; reading stops at the root element, and looks at no more than {@link #MAX_HEAD} bytes.
 */
public final class SvgFacts {
    static final int MAX_HEAD = 256 * 1024;
    /** A length in user units or pixels ("120", "120.5px"); percentages and other units are not sizes we can know. */
    private static final Pattern LENGTH = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(px)?\\s*");
    private static final Pattern NUMBERS = Pattern.compile("[\\s,]+");
    private static final XMLInputFactory FACTORY = factory();

    private SvgFacts() {}

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resources are not read: " + systemId);
        });
        return f;
    }

    /** The displayed size of the SVG in {@code in}, or empty when it is no SVG or states no usable size. */
    public static Optional<ImageFacts> read(InputStream in) {
        XMLStreamReader xml = null;
        try {
            xml = FACTORY.createXMLStreamReader(new StreamHead(in, MAX_HEAD));
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT) {
                    if (!"svg".equals(xml.getLocalName())) return Optional.empty();
                    return size(xml.getAttributeValue(null, "width"), xml.getAttributeValue(null, "height"),
                            xml.getAttributeValue(null, "viewBox"));
                }
            }
            return Optional.empty();
        } catch (XMLStreamException | RuntimeException unreadable) {
            return Optional.empty();
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // nothing was held open but the stream, which the caller closes
                }
            }
        }
    }

    /** width/height when both are lengths; one of them with the viewBox's aspect ratio; else the viewBox's size. */
    static Optional<ImageFacts> size(String width, String height, String viewBox) {
        double w = length(width);
        double h = length(height);
        double[] box = viewBox(viewBox);
        if (w <= 0 && box != null) w = h > 0 ? h * box[0] / box[1] : box[0];
        if (h <= 0 && box != null) h = w * box[1] / box[0];
        if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) return Optional.empty();
        return Optional.of(new ImageFacts((int) Math.max(1, Math.round(w)), (int) Math.max(1, Math.round(h)), "SVG", "RGB"));
    }

    private static double length(String text) {
        if (text == null) return 0;
        Matcher m = LENGTH.matcher(text);
        return m.matches() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** {width, height} of "minX minY width height", or null when it is not four numbers with a positive size. */
    private static double[] viewBox(String text) {
        if (text == null) return null;
        String[] parts = NUMBERS.split(text.trim());
        if (parts.length != 4) return null;
        try {
            double w = Double.parseDouble(parts[2]);
            double h = Double.parseDouble(parts[3]);
            return w > 0 && h > 0 && Double.isFinite(w) && Double.isFinite(h) ? new double[] {w, h} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
