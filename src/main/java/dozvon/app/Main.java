package dozvon.app;
public final class Main { public static void main(String[] a) {} }
