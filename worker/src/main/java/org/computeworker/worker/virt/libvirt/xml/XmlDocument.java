package org.computeworker.worker.virt.libvirt.xml;

import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** A small DOM helper: elements and text nodes in, indented XML out, and a parser with no external entities. */
final class XmlDocument {
    private final Document document;

    private XmlDocument(Document document) {
        this.document = document;
    }

    static XmlDocument create(String rootName) {
        Document document = builder().newDocument();
        document.appendChild(document.createElement(rootName));
        return new XmlDocument(document);
    }

    /** Parses libvirt's XML with DTDs and external entities refused (it never needs them). */
    static Document parse(String xml) {
        try {
            return builder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | java.io.IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    Element root() {
        return document.getDocumentElement();
    }

    Element child(Element parent, String name) {
        Element element = document.createElement(name);
        parent.appendChild(element);
        return element;
    }

    Element text(Element parent, String name, String value) {
        Element element = child(parent, name);
        element.setTextContent(XmlText.checked(value));
        return element;
    }

    /** An element in nova's metadata namespace, with the {@code nova:} prefix. */
    Element nova(Element parent, String name) {
        Element element = document.createElementNS(GuestXml.NOVA_NS, "nova:" + name);
        parent.appendChild(element);
        return element;
    }

    Element novaText(Element parent, String name, String value) {
        Element element = nova(parent, name);
        element.setTextContent(value == null ? "" : XmlText.checked(value));
        return element;
    }

    String serialize() {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise the domain XML", e);
        }
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
